"""The evaluation set of `kg draft` and its scorer (eval/README.md); `python eval/score.py DRAFTS_DIR`."""
