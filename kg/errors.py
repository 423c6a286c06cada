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


class InputErrors(KgError):
    """Several input errors found in one pass, reported together."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.errors)
        head = f"{n} error{'s' if n != 1 else ''} in the input; nothing was written:"
        return head + "\n" + "\n".join(str(e) for e in self.errors)
