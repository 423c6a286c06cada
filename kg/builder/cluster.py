"""``kg build --cluster``: the articles built on the workers of a Dask cluster, the rest on the client.

The build's two steps run on the workers as they run in the worker processes of a local build (the same chunk
functions of :mod:`kg.builder.pipeline`): each chunk of annotation files is parsed for the corpus index, then
built with the whole index (scattered to every worker once) into N-Quads text. The workers may not see the
client's files: the client reads the annotation files and the article texts, and sends their bytes with the
names users see (the paths of the outputs and of the error messages are the client's); a worker reads no file
but the package's own (the ontology). The parsed files stay on the workers between the two steps. The parts
come back in the order of the files, so the outputs are the same bytes as a local build's; comparing the
sources, validating and writing stay on the client.

Dask (``distributed``) is an optional extra (``pip install 'ceasefire-kg[cluster]'``), imported only here and
only when a build is given a cluster. The workers must run the same ``kg`` as the client: the version and a
digest of the package's code and ontology are compared once, before anything is sent.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, KgError
from kg.resources import display

if TYPE_CHECKING:
    from kg.builder.article import ArticleReport, Sources, Texts
    from kg.builder.corpus import CorpusIndex
    from kg.store.ntriples import QuadText

__all__ = ["DEFAULT_TIMEOUT", "Cluster", "ClusterError", "kg_fingerprint"]

#: seconds to wait for the scheduler to answer, and for a worker to join it (``kg build --cluster-timeout``)
DEFAULT_TIMEOUT = 30.0

SCHEDULER_FILE_HINT = "give the file `dask scheduler --scheduler-file FILE` writes, or the address tcp://HOST:PORT"
INSTALL_HINT = "pip install 'ceasefire-kg[cluster]' (or build without --cluster)"


class ClusterError(KgError):
    """The cluster cannot build: Dask is missing, the scheduler does not answer, a worker runs another ``kg``
    or died (exit code 2); nothing was written."""


@functools.cache
def kg_fingerprint() -> str:
    """This process's ``kg``: its version and a digest of its code and ontology files (what decides the output),
    e.g. ``'0.1.0 (code 1a2b3c4d5e6f)'``; computed once per process (a worker's, when it first builds: about
    when it imports ``kg``, so that files changed under a running worker do not hide the code it runs)."""
    from importlib.metadata import PackageNotFoundError, version

    import kg

    try:
        release = version("ceasefire-kg")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout without installing
        release = "unknown"
    root = Path(kg.__file__).parent
    digest = hashlib.sha256()
    found = []
    for folder, dirs, names in os.walk(root, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [Path(folder, n) for n in names if n.endswith((".py", ".ttl", ".rq"))]
    for path in sorted(found, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{release} (code {digest.hexdigest()[:12]})"


def _parsed_meta(found: tuple) -> tuple[list, list[str], dict[str, str]]:
    """What the client needs of a chunk's :func:`~kg.builder.pipeline._index_chunk`: its index entries, its
    unreadable files and the texts its files name (the parsed files stay on the worker)."""
    entries, bad, _parsed, texts = found
    return entries, bad, texts


def _read_sources(files: list[Path]) -> Sources:
    """The bytes of annotation files (None: not there) with their names as users see them."""
    out: dict[str, tuple[str, bytes | None]] = {}
    for path in files:
        try:
            data: bytes | None = Path(path).read_bytes()
        except FileNotFoundError:
            data = None
        out[str(path)] = (display(path), data)
    return out


def _read_texts(names: dict[str, str], max_bytes: int) -> Texts:
    """The article texts that annotation files name (``{annotation file: text:}``), as :data:`Texts`."""
    from kg.builder.article import read_text_for

    out: dict[str, Any] = {}
    for annotation, name in names.items():
        text_path = Path(annotation).parent / name
        if str(text_path) not in out:
            out[str(text_path)] = read_text_for(text_path, name, max_bytes)
    return out


class Cluster:
    """A client of a Dask cluster, connected (``with Cluster("tcp://host:8786") as c: ...``).

    ``where``: the scheduler's address (``tcp://HOST:PORT``) or a scheduler file (JSON written by
    ``dask scheduler --scheduler-file FILE``); ``timeout``: seconds to wait for the scheduler to answer and for
    a first worker. Raises :class:`ClusterError` when Dask is not installed, the scheduler does not answer, it
    has no worker, or a worker runs another ``kg``; :class:`~kg.errors.InputError` for a scheduler file that is
    not there or not one.
    """

    def __init__(self, where: str | os.PathLike[str], timeout: float = DEFAULT_TIMEOUT) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError(
                f"building on a Dask cluster needs Dask, which is not installed\n  fix: {INSTALL_HINT}"
            ) from None
        self.address = _address(str(where))
        self.timeout = timeout
        try:
            self.client = Client(self.address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"no Dask scheduler answered at {self.address} within {timeout:g} s ({exc})\n"
                "  fix: start one (dask scheduler), check the address, or wait longer: --cluster-timeout SECONDS"
            ) from None
        try:
            self._check_workers()
        except BaseException:
            self.close()
            raise

    def _check_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=self.timeout)
        except (OSError, TimeoutError):
            raise ClusterError(
                f"the Dask scheduler at {self.address} has no worker (none joined within {self.timeout:g} s)\n"
                "  fix: start workers (dask worker ADDRESS), or wait longer: --cluster-timeout SECONDS"
            ) from None
        mine = kg_fingerprint()
        try:
            theirs = self.client.run(kg_fingerprint)
        except ImportError as exc:
            raise ClusterError(
                f"the Dask workers of {self.address} cannot import kg ({exc})\n"
                f"  fix: install ceasefire-kg {mine.split()[0]} on the workers, the same as here"
            ) from None
        other = {w: fp for w, fp in sorted(theirs.items()) if fp != mine}
        if other:
            shown = ", ".join(f"{w} has {fp}" for w, fp in other.items())
            raise ClusterError(
                f"the Dask workers do not run this kg: this client has ceasefire-kg {mine}, {shown}\n"
                "  fix: install the same ceasefire-kg on the workers (the same release, or the same checkout)"
            )
        self.threads = max(1, sum(self.client.nthreads().values()))
        self.workers = len(theirs)

    def close(self) -> None:
        """Disconnect (the cluster goes on running)."""
        self.client.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _result(self, future: Any, what: str) -> Any:
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise ClusterError(
                f"a Dask worker died while building {what}, again on each retry ({exc}); nothing was written\n"
                "  fix: look at the workers' logs (memory?), then build again"
            ) from None
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"lost the Dask scheduler at {self.address} while building {what} ({exc}); nothing was written"
            ) from None
        except CancelledError:
            raise ClusterError(
                f"the Dask scheduler at {self.address} went away or cancelled the build of {what} (was it "
                "stopped or restarted?); nothing was written"
            ) from None

    def build_parts(
        self, chunks: list[list[Path]], max_article_bytes: int, tell: Callable[[list[Path]], None]
    ) -> tuple[CorpusIndex, list[tuple[list[ArticleReport], list, QuadText]]]:
        """The corpus index of the files of ``chunks`` and each chunk built (``tell`` is called as each comes
        back, in order): what the worker processes of a local build return, made on the cluster."""
        from kg.builder.corpus import CorpusIndex
        from kg.builder.pipeline import _build_chunk, _index_chunk

        client = self.client
        found = [client.submit(_index_chunk, chunk, _read_sources(chunk), pure=False) for chunk in chunks]
        metas = [client.submit(_parsed_meta, f, pure=False) for f in found]
        parsed = [client.submit(operator.itemgetter(2), f, pure=False) for f in found]
        del found  # the parsed files stay on the workers, for the second step
        where = f"{len(chunks)} chunk{'s' if len(chunks) != 1 else ''}"
        got = [self._result(m, f"the index of chunk {i + 1} of {where}") for i, m in enumerate(metas)]
        del metas
        index = CorpusIndex.merge((entries for entries, _, _ in got), (f for _, bad, _ in got for f in bad))
        names = [texts for _, _, texts in got]
        del got
        shared = client.scatter(index, broadcast=True, hash=False)
        built: list[Any] = [
            client.submit(
                _build_chunk, chunk, blob, max_article_bytes, shared, _read_texts(texts, max_article_bytes), pure=False
            )
            for chunk, blob, texts in zip(chunks, parsed, names, strict=True)
        ]
        del parsed
        parts = []
        for i, (chunk, future) in enumerate(zip(chunks, built, strict=True)):
            parts.append(self._result(future, f"chunk {i + 1} of {where}"))
            built[i] = None  # its part is here: the cluster may forget it
            tell(chunk)
        return index, parts


def _address(where: str) -> str:
    """The scheduler's address: ``where`` itself, or the address in the scheduler file ``where`` names (a file,
    or a name ending in ``.json``)."""
    path = Path(where)
    if "://" in where or not (where.endswith(".json") or path.is_file()):
        if not re.fullmatch(r"([a-z][a-z0-9+.-]*://)?(\[[0-9a-fA-F:.]+\]|[^\s:/\[\]]+):[0-9]{1,5}/?", where):
            raise InputError(
                f"not a Dask scheduler address or scheduler file: {where!r}",
                hint="give the address tcp://HOST:PORT, or the JSON file `dask scheduler --scheduler-file FILE` writes",
            )
        return where
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "no such Dask scheduler file",
            file=display(path),
            hint=SCHEDULER_FILE_HINT,
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(
            f"not a Dask scheduler file ({exc})",
            file=display(path),
            hint=SCHEDULER_FILE_HINT,
        ) from None
    address = info.get("address") if isinstance(info, dict) else None
    if not isinstance(address, str):
        raise InputError(
            "not a Dask scheduler file: it has no 'address'",
            file=display(path),
            hint=SCHEDULER_FILE_HINT,
        )
    return address
