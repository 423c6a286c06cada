"""``kg``: parse the command line, run the command, turn every failure into a message and an exit code.

Exit codes: 0 success, 1 the graph violates the SHACL shapes (``kg path``: no path), 2 a usage or input
error, 3 an internal error (a bug of kg's: a short message saying so, the traceback only with ``KG_DEBUG=1``) or
an incomplete installation (a file of the package is missing), 130 interrupted.
Nothing heavy is imported before a subcommand runs, so ``kg --help`` is instant.
"""

from __future__ import annotations

import os
import sys

from kg.cli.parser import build_parser

INTERNAL_ERROR = 3


def main(argv: list[str] | None = None) -> int:
    """Run ``kg`` with ``argv`` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    for message in getattr(args, "deprecations", []):
        print(f"kg {args.command}: warning: {message}", file=sys.stderr)
    from kg.errors import KgError

    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kg queries | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug of kg's, not the user's input: say so in a few lines, not a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        from kg import __version__

        print(
            f"kg {args.command}: internal error: {type(exc).__name__}: {exc}\n"
            f"  this is a bug in kg {__version__}, not a fault of your input: please report it to the project's "
            "issue tracker with the command you ran and this message (KG_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
