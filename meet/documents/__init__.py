"""Printed documents (PDF): the shared layer in pdf.py and one module per document."""
