"""Messages to people: what they say (texts.py), text-message gateways, the outbox and its delivery."""
