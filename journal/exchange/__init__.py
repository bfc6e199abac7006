"""Your data is yours: everything a person keeps, out as JSON or CSV, and back in.

The JSON file holds the person's journal settings, avoided movements, own routines, pain
entries and sessions with their steps. Importing it checks the whole file first and, on any
problem, changes nothing and says what is wrong and where, in plain words; otherwise it adds
the file's rows to the person's, leaving out those already there (ADD), or replaces the
person's journal and own routines with the file's (REPLACE), each in one transaction. Export,
import and export again give the same file but for `exported_at`.

Starter routines are not the person's to export, but a session played from one names it by
its `routine_starter` key, so that link survives a round trip too.

One module each: format (the file, its limits and what an import answers), export, reader
(checks a file and prepares its rows) and writer (writes them).
"""
