"""Exports of stored calls and the aggregates behind progress pages and dashboards."""
