"""The rule grader: transcripts in, graded reports with quoted evidence out."""

from simulator.grading.grader import Grader, GradingError, grader_for
from simulator.grading.report import GradeReport
from simulator.grading.transcripts import TranscriptError, read_call_log, read_transcript

__all__ = [
    "GradeReport",
    "Grader",
    "GradingError",
    "TranscriptError",
    "grader_for",
    "read_call_log",
    "read_transcript",
]
