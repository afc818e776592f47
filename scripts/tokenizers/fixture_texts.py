"""The shared fixture documents used by the tokenizer parity scripts: every `fixtures/text/**/*.txt`
file, and the text of every JSONL record (`text` or `paragraph_string`), in a fixed order."""
import json, os


def fixture_documents(shared):
    root = os.path.join(shared, "fixtures/text")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
    docs = []
    for path in files:
        rel = os.path.relpath(path, shared)
        if path.endswith(".txt"):
            with open(path, encoding="utf-8", errors="replace") as fh:
                docs.append((rel, fh.read()))
        elif path.endswith(".jsonl"):
            with open(path, encoding="utf-8", errors="replace") as fh:
                for n, line in enumerate(fh, 1):
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue
                    text = record.get("text") or record.get("paragraph_string")
                    if isinstance(text, str) and text:
                        docs.append((f"{rel}#L{n}", text))
    return docs
