-- A pool guest being removed keeps its row, in state RECYCLING, until its guests, disks and network are gone:
-- a claim takes only READY rows, and a platform that stops in the middle of a removal finishes it at start-up.
-- (A network carries no metadata, so without the row nothing would tell that it was this platform's.)
ALTER TABLE pool_guests DROP CONSTRAINT pool_guests_state_check;
ALTER TABLE pool_guests ADD CONSTRAINT pool_guests_state_check CHECK (state IN ('STARTING', 'READY', 'RECYCLING'));
