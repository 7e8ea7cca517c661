"""The import API the wizard uses: progress callbacks, cancelling, and per-file reports."""

from engine.fakes import FakeEmbedder
from knowledge.library import KnowledgeBase


def _folder(tmp_path, count):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(count):
        (folder / f"topic {n:02d}.md").write_text(
            f"# Topic {n}\n\n## About\nTopic number {n} is about healthy habit {n}.\n")
    return folder


def test_progress_reports_files_chunks_rate_and_eta(tmp_path):
    folder = _folder(tmp_path, 5)
    (folder / "bad.txt").write_bytes(b"\x00junk")
    seen = []
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    report = kb.import_files([folder], FakeEmbedder(), progress=seen.append)
    assert len(report.imported) == 5 and list(report.failed) == [str(folder / "bad.txt")]
    last = seen[-1]
    assert (last.files_done, last.files_total) == (6, 6)
    assert last.chunks == last.embedded == 5 and last.records == 5
    assert last.bytes_done == last.bytes_total
    assert last.eta_s == 0 and last.rate > 0
    assert any(p.current_file.endswith("topic 03.md") for p in seen)
    assert [p.files_done for p in seen] == sorted(p.files_done for p in seen)


def test_cancel_keeps_committed_files_and_leaves_the_rest(tmp_path, monkeypatch):
    import knowledge.importing as importing

    monkeypatch.setattr(importing, "FLUSH_CHUNKS", 1)  # commit file by file
    folder = _folder(tmp_path, 6)
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    report = kb.import_files([folder], FakeEmbedder(),
                             cancelled=lambda: len(kb.documents()) >= 3)
    assert report.cancelled and len(report.imported) == 3
    assert len(report.not_started) == 3 and kb.stats().documents == 3
    kb.close()
    reopened = KnowledgeBase(tmp_path / "kb")
    assert reopened.index.ntotal == reopened.lexical.size == reopened.stats().passages == 3
    again = KnowledgeBase(tmp_path / "kb", readonly=False).import_files([folder], FakeEmbedder())
    assert len(again.unchanged) == 3 and len(again.imported) == 3


def test_cancel_before_the_batch_is_committed_commits_nothing(tmp_path):
    folder = _folder(tmp_path, 4)
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    calls = []

    def cancel_after_parsing() -> bool:
        calls.append(1)
        return len(calls) > 4  # every file parsed, nothing embedded yet

    report = kb.import_files([folder], FakeEmbedder(), cancelled=cancel_after_parsing)
    assert report.cancelled and report.imported == [] and len(report.not_started) == 4
    assert kb.stats().documents == 0 and kb.stats().generation == 0


def test_hidden_files_and_folders_are_not_imported(tmp_path):
    folder = _folder(tmp_path, 1)
    (folder / ".cache").mkdir()
    (folder / ".cache" / "x.md").write_text("# X\n\nhidden\n")
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    assert len(kb.import_files([folder], FakeEmbedder()).imported) == 1
