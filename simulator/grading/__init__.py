"""The rule grader: transcripts in, graded reports with quoted evidence out."""

from simulator.grading.grader import Grader, GradingError
from simulator.grading.report import GradeReport
from simulator.grading.transcripts import TranscriptError, read_call_log, read_transcript

__all__ = [
    "GradeReport",
    "Grader",
    "GradingError",
    "TranscriptError",
    "read_call_log",
    "read_transcript",
]
