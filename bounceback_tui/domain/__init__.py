"""The rules of a job hunt, pure: no I/O, no store, no Textual.

Stages and views (`stages`), metrics (`metrics`), thinking traps (`traps`), dates as people
type them (`dates`), patterns across past no's (`rejection_patterns`), the streak chart's
layout (`chart`), time as the screens say it (`time_text`), follow-up and quiet rules
(`follow_up`), and user text made visible and measured (`user_text`). Each constant lives in
one place here; everything above imports it from here.
"""
