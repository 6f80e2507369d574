"""Arrivals of trains and vehicles, and direct pickup / direct loading on arrival.

Recording that a train or vehicle arrived marks arrival (TRS E1) on the declarations it carries;
a direct-pickup declaration lodged before arrival, not selected and eligible is released on the
spot (E8) once its duty and VAT are covered, so the goods leave straight from the train.
"""
