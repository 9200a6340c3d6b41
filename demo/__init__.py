"""Demo and load-test data, for development only (``seed_demo``, ``demo_logins``, ``bench``).

Installed by the dev and test settings, never by production; no other app imports it
(DESIGN.md section 1). It may write every app's models.
"""
