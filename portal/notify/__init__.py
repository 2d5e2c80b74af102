"""Messages to people: text-message gateways, the outbox and its delivery."""


def paragraphs(*texts: str | None) -> str:
    """A message of whole paragraphs, each translated on its own, leaving out the empty ones: free
    text someone typed (a refusal's reason, a question) goes last, on its own, never mid-sentence."""
    return "\n\n".join(text for text in texts if text)
