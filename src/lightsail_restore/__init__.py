"""lightsail-restore: typed, validated AWS Lightsail CreateInstancesFromSnapshot."""

__version__ = "0.1.0"

__all__ = ["__version__"]
