#!/usr/bin/env python3
"""Writes the list of calls into each family module's docs (src/api/<family>.rs) and into
the crate docs (src/lib.rs), from the call declarations. tests/docs_list_calls.rs checks
that the lists are complete."""
import re, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
api = root / "src" / "api"
FAMILIES = ["token", "user", "device", "message", "chat", "file", "friend", "group", "data",
            "listen", "room", "rtc", "imlib"]
DECL = re.compile(r"^\s*(?:(?:basic|value|listen) )?(\w+Request) fn (\w+)\(", re.M)
BEGIN, END = "//! <!-- calls: begin -->\n", "//! <!-- calls: end -->\n"

def calls(family):
    return DECL.findall((api / f"{family}.rs").read_text())

def replace_block(text, block):
    if BEGIN in text:
        a = text.index(BEGIN)
        b = text.index(END) + len(END)
        return text[:a] + block + text[b:]
    # after the module's leading doc comment
    lines = text.split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("//!"):
        i += 1
    return "\n".join(lines[:i]) + "\n//!\n" + block.rstrip("\n") + "\n" + "\n".join(lines[i:])

for family in FAMILIES:
    items = calls(family)
    block = BEGIN + "//! The calls of this family, each a method of\n//! [`RtmServerClient`](crate::RtmServerClient) returning its request:\n"
    for req, name in items:
        block += f"//! - [`{name}`](crate::RtmServerClient::{name}) → [`{req}`]\n"
    block += END
    path = api / f"{family}.rs"
    path.write_text(replace_block(path.read_text(), block))

lib = root / "src" / "lib.rs"
block = BEGIN + "//! ## The calls, by family\n//!\n"
for family in FAMILIES:
    names = ", ".join(f"[`{n}`](RtmServerClient::{n})" for _, n in calls(family))
    block += f"//! - [`{family}`](mod@{family}): {names}\n"
block += "//! - any other method: [`send_quest`](RtmServerClient::send_quest)\n//!\n" + END
text = lib.read_text()
if BEGIN in text:
    text = replace_block(text, block)
else:
    anchor = "//! See [`RtmServerClient`] for threads and shutdown"
    text = text.replace(anchor, block + "//!\n" + anchor)
lib.write_text(text)
