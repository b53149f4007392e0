-- run_results rows are written only by the results COPY, in the transaction that claims their run
-- (its UPDATE holds the run's row lock until COMMIT, so the run cannot be deleted in between), yet
-- the foreign key to runs checked every row as it was written: a lookup and a row lock on runs per
-- row, 3,444 per three-labs sweep variant and about 40% of the database CPU of its results
-- transaction. The key goes; what it did on delete stays: deleting runs deletes their rows (one
-- statement per DELETE on runs, from its transition table), as ON DELETE CASCADE did.
ALTER TABLE "run_results" DROP CONSTRAINT "run_results_run_id_fkey";

CREATE FUNCTION "run_results_delete_with_runs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "run_results" WHERE "run_id" IN (SELECT "id" FROM "deleted_runs");
    RETURN NULL;
END
$$;

CREATE TRIGGER "runs_delete_results" AFTER DELETE ON "runs"
    REFERENCING OLD TABLE AS "deleted_runs"
    FOR EACH STATEMENT EXECUTE FUNCTION "run_results_delete_with_runs"();
