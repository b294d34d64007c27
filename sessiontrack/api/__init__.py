"""The JSON API: personal API tokens (``tokens``, the account page in ``views``) and the
documented API under ``/api/v1/`` (``v1``)."""
