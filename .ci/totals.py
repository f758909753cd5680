"""Reads the summary 'dotnet test' (Microsoft.Testing.Platform) prints at the end of a run and prints 'N passed, N failed, N skipped'.

The summary aggregates every test module, including one that crashed; a run that never reached it (a build
failure) counts as nothing run.
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
summary = text[text.rfind("Test run summary"):] if "Test run summary" in text else ""


def count(label: str) -> int:
    found = re.search(rf"^\s*{label}:\s*(\d+)\s*$", summary, re.MULTILINE)
    return int(found.group(1)) if found else 0


# 'error' counts test modules that failed outside any test (a crash, or a module where zero tests ran).
print(f"{count('succeeded')} passed, {count('failed') + count('error')} failed, {count('skipped')} skipped")
