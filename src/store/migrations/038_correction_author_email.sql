-- A label correction's author by e-mail when no user of this installation is theirs: a restore into
-- a fresh installation (no users yet) matched authors to users by e-mail, found none, and lost who
-- made each correction — a second backup of the copy wrote no author (review s20). The e-mail is
-- kept here instead, and a later backup writes it again. user_id stays the link when a user matches.
ALTER TABLE label_corrections ADD COLUMN author_email text;
