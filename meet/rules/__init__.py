"""The rules of sport: plain Python, no Flask, no database.

Each module opens with the rule it implements, in words, and its source.
"""
