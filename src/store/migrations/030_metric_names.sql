-- Business metrics under a Korean custom name (재구매수, 앱_설치_수, day_7_재방문): the name was
-- lower-case latin only, so a Korean operator's own column could not be stored at all.
-- A name stays safe as a key (an API query value, a CSV column, a chart label): it begins with a
-- latin lower-case letter or a Hangul syllable, then those, digits or _, 1–63 characters, no
-- whitespace, control characters or other punctuation.
-- Hangul is the syllable block 가-힣 (U+AC00–U+D7A3) only: the NFC form of every modern Korean word
-- is syllables, so a jamo that is left is a half-typed character (ㄱ, ㅋㅋ) or Old Hangul that
-- renders differently from system to system. The set also keeps names NFC without `IS NFC
-- NORMALIZED`: no character in it composes with another. The ranges are explicit code points, which
-- PostgreSQL's regular expressions read the same under every collation (C, libc, ICU ko-KR) and
-- in the embedded PGlite; a class such as [[:alpha:]] would depend on the database's locale.
-- The new set holds the old one, so every stored row passes.
ALTER TABLE business_metrics
  DROP CONSTRAINT business_metrics_name_check,
  ADD CONSTRAINT business_metrics_name_check CHECK (name ~ '^[a-z가-힣][a-z0-9_가-힣]{0,62}$');
