"""Messages to people: text-message gateways, the outbox and its delivery."""
