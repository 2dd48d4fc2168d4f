"""Defuse: practise customer-service de-escalation against simulated difficult customers."""

__version__ = "0.1.0"
