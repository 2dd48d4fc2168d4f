"""LLM mode: a customer played by a chat model, and an optional LLM rubric judge.

Everything here is optional: the language-model packages are imported lazily, and without a
configured model Defuse runs on the offline actor and the rule grader.
"""
