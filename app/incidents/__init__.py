"""Incident checklists for breaking news: templates, running incidents, reports."""
