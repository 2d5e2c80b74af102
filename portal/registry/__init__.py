"""Access to the registry of persons with disabilities: the client interface and its implementations."""

from portal.registry.client import CurrentDataNeeded, RegistryClient, RegistryUnavailable, registry

__all__ = ["CurrentDataNeeded", "RegistryClient", "RegistryUnavailable", "registry"]
