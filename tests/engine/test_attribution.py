from engine.attribution import cited_share, content_words


def test_cited_share_counts_substantial_sentences():
    assert cited_share("Salt raises blood pressure [1]. Walking helps the heart a lot. Ok.") == 0.5
    assert cited_share("") == 0.0


def test_content_words_leave_out_stop_words():
    assert content_words("How do I use a spacer?") == {"use", "spacer"}
