"""Rendering notes and topic pages to safe HTML, and static export. Imports no Qt."""
