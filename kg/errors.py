"""Errors a user can act on: each names the file, the line, the record id, what is wrong and how to fix it."""

from __future__ import annotations


class KgError(Exception):
    """Base of the errors ``kg`` reports to users (exit code 2 on the command line)."""

    exit_code = 2


class InputError(KgError):
    """Bad input: an annotation file, an article, a date, a quote.

    Examples
    --------
    >>> e = InputError("unknown id 'putn'", file="seeds/a.yaml", line=12, record="p1", hint="use one of: putin")
    >>> print(e)
    seeds/a.yaml:12: [p1] unknown id 'putn'
      fix: use one of: putin
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        record: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message, self.file, self.line, self.record, self.hint = message, file, line, record, hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        who = f"[{self.record}] " if self.record else ""
        text = f"{where}{who}{self.message}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text


class DraftRecords(InputError):
    """Records still marked as drafts (``draft:``, written by ``kg draft``) that no one has reviewed: one error
    naming them all, each by ``file:line: section 'id' (rule ..., confidence ...)``.

    Examples
    --------
    >>> print(DraftRecords(["a.yaml:9: positions 'p1' (rule position.stance-cue, confidence 0.8)"]))
    ... # doctest: +ELLIPSIS
    1 record is still a draft that no one has reviewed:
      a.yaml:9: positions 'p1' (rule position.stance-cue, confidence 0.8)
      fix: review each, then delete its `draft:` line to accept it, or delete the record; ...
    """

    HINT = (
        "review each, then delete its `draft:` line to accept it, or delete the record; "
        "`kg build --accept-drafts` takes them as they are"
    )

    def __init__(self, records: list[str]) -> None:
        self.records = records
        super().__init__(self.head(), hint=self.HINT)

    def head(self) -> str:
        n = len(self.records)
        return f"{n} records are still drafts" if n != 1 else "1 record is still a draft"

    def __str__(self) -> str:
        return "\n".join(
            [f"{self.head()} that no one has reviewed:", *(f"  {r}" for r in self.records), f"  fix: {self.HINT}"]
        )


class InputErrors(KgError):
    """Several input errors found in one pass, reported together."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.errors)
        if n == 1 and isinstance(self.errors[0], DraftRecords):  # the drafts alone: their own head
            first, _, rest = str(self.errors[0]).partition("\n")
            return first.removesuffix(":") + "; nothing was written:\n" + rest
        head = f"{n} error{'s' if n != 1 else ''} in the input; nothing was written:"
        return head + "\n" + "\n".join(str(e) for e in self.errors)
