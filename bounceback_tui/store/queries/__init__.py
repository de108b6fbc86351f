"""Every read that bypasses the ORM: plain SQL for the pipeline's pages (`pipeline`, also
before SQLAlchemy is imported) and the timeline's feed and chart (`timeline`)."""
