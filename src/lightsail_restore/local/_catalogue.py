"""What every account sees: the Lightsail Regions and zones, the bundle catalogue, the blueprints and their defaults.

Members are listed in the service model's order, which is the order real answers show (E7, E13, E14).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, NamedTuple

__all__ = [
    "BLUEPRINTS",
    "BUNDLES",
    "LFR_BUNDLES",
    "REGIONS",
    "Region",
    "blueprint",
    "bundle",
    "default_ports",
    "system_disk_path",
    "username_of",
    "zones_of",
]


class Region(NamedTuple):
    """A Lightsail Region as GetRegions describes it, with the letters of its zones."""

    continent: str
    display_name: str
    serves: str
    zones: str


REGIONS: Final[dict[str, Region]] = {
    # The first three descriptions are the real ones (E13); the others are written in the same form.
    "us-east-1": Region("NA", "Virginia", "the eastern United States", "abcdef"),
    "us-east-2": Region("NA", "Ohio", "the eastern United States", "abc"),
    "us-west-2": Region("NA", "Oregon", "the northwestern United States, Alaska, and western Canada", "abcd"),
    "ca-central-1": Region("NA", "Canada", "Canada", "abd"),
    "eu-central-1": Region("EU", "Frankfurt", "Germany and central Europe", "abc"),
    "eu-west-1": Region("EU", "Ireland", "Ireland and western Europe", "abc"),
    "eu-west-2": Region("EU", "London", "the United Kingdom and western Europe", "abc"),
    "eu-west-3": Region("EU", "Paris", "France and western Europe", "abc"),
    "eu-north-1": Region("EU", "Stockholm", "Sweden and northern Europe", "abc"),
    "ap-south-1": Region("AS", "Mumbai", "India", "abc"),
    "ap-northeast-1": Region("AS", "Tokyo", "Japan", "acd"),
    "ap-northeast-2": Region("AS", "Seoul", "South Korea", "abcd"),
    "ap-southeast-1": Region("AS", "Singapore", "Southeast Asia", "abc"),
    "ap-southeast-2": Region("AU", "Sydney", "Australia and New Zealand", "abc"),
    "ap-southeast-3": Region("AS", "Jakarta", "Indonesia", "abc"),
    "ap-southeast-5": Region("AS", "Malaysia", "Malaysia", "abc"),
}
"""The Regions with a Lightsail endpoint (evidence C-4.1 in docs/design/evidence.md); us-west-1 has none."""


def zones_of(region: str) -> list[str]:
    """The Availability Zone names of a Region."""
    return [f"{region}{letter}" for letter in REGIONS[region].zones]


def _bundle(
    bundle_id: str,
    name: str,
    price: float,
    size: Sequence[float],
    *,
    platform: str = "LINUX_UNIX",
    ipv4: int = 1,
    apps: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A GetBundles entry; ``size`` is (cpu count, RAM in GB, disk in GB, transfer per month in GB, power)."""
    cpu, ram, disk, transfer, power = size
    bundle: dict[str, Any] = {
        "price": price,
        "cpuCount": cpu,
        "diskSizeInGb": disk,
        "bundleId": bundle_id,
        "instanceType": bundle_id.split("_", 1)[0],
        "isActive": True,
        "name": name,
        "power": power,
        "ramSizeInGb": ram,
        "transferPerMonthInGb": transfer,
        "supportedPlatforms": [platform],
    }
    if apps:
        bundle["supportedAppCategories"] = list(apps)
    bundle["publicIpv4AddressCount"] = ipv4
    return bundle


_SIZES: Final = [
    # suffix, display, price, cpu, ram, disk, transfer, power: nano, micro and small as E14 shows them (prices
    # 5, 7 and 12 included); the larger ones' prices as the guide and the pricing page give them (C-10).
    ("nano", "Nano", 5.0, 2, 0.5, 20, 1024, 298),
    ("micro", "Micro", 7.0, 2, 1.0, 40, 2048, 500),
    ("small", "Small", 12.0, 2, 2.0, 60, 3072, 1000),
    ("medium", "Medium", 24.0, 2, 4.0, 80, 4096, 2000),
    ("large", "Large", 44.0, 2, 8.0, 160, 5120, 3000),
    ("xlarge", "Xlarge", 84.0, 4, 16.0, 320, 6144, 4000),
    ("2xlarge", "2Xlarge", 164.0, 8, 32.0, 640, 7168, 6000),
]

_IPV6_PRICES: Final = {"nano": 3.5, "micro": 5.0, "small": 10.0, "medium": 20.0, "large": 40.0}
"""Monthly prices of the IPv6-only plans: no public IPv4 address, which costs the others $1.50 to $4 (C-10)."""

_WINDOWS_SIZES: Final = [
    ("nano", "Nano", 9.5, 2, 0.5, 30, 1024, 298),
    ("micro", "Micro", 14.0, 2, 1.0, 60, 2048, 500),
    ("small", "Small", 24.0, 2, 2.0, 80, 3072, 1000),
    ("medium", "Medium", 44.0, 2, 4.0, 160, 4096, 2000),
    ("large", "Large", 84.0, 2, 8.0, 160, 5120, 3000),
]

BUNDLES: Final[list[dict[str, Any]]] = [
    *(_bundle(f"{s}_3_0", n, p, size) for s, n, p, *size in _SIZES),
    *(_bundle(f"{s}_ipv6_3_0", f"{n} IPv6", _IPV6_PRICES[s], size, ipv4=0) for s, n, _, *size in _SIZES[:5]),
    *(_bundle(f"{s}_win_3_0", f"{n} Windows", p, size, platform="WINDOWS") for s, n, p, *size in _WINDOWS_SIZES),
    {**_bundle("medium_2_0", "Medium (old)", 20.0, (2, 4.0, 80, 4096, 2000)), "isActive": False},
]
"""Bundles GetBundles lists: Linux, IPv6-only (no public IPv4) and Windows, plus one inactive."""

LFR_BUNDLES: Final[list[dict[str, Any]]] = [
    _bundle("app_standard_xl_1_0", "Standard XL", 82.0, (4, 8.0, 50, 0, 4000), apps=("LfR",)),
]
"""Lightsail for Research bundles: listed only by GetBundles(appCategory="LfR")."""


def _blueprint(
    blueprint_id: str, name: str, group: str, version: str, platform: str, min_power: int, kind: str = "os"
) -> dict[str, Any]:
    return {
        "blueprintId": blueprint_id,
        "name": name,
        "group": group,
        "type": kind,
        "description": f"{name} {version}",
        "isActive": True,
        "minPower": min_power,
        "version": version,
        "versionCode": "1",
        "productUrl": "https://aws.amazon.com/",
        "licenseUrl": "https://aws.amazon.com/",
        "platform": platform,
    }


BLUEPRINTS: Final[list[dict[str, Any]]] = [
    _blueprint("ubuntu_22_04", "Ubuntu", "ubuntu_22", "22.04 LTS", "LINUX_UNIX", 0),
    _blueprint("ubuntu_24_04", "Ubuntu", "ubuntu_24", "24.04 LTS", "LINUX_UNIX", 0),
    _blueprint("debian_12", "Debian", "debian_12", "12.5", "LINUX_UNIX", 0),
    _blueprint("amazon_linux_2023", "Amazon Linux 2023", "amazon_linux_2023", "2023", "LINUX_UNIX", 0),
    _blueprint("wordpress", "WordPress", "wordpress", "6.5.3-0", "LINUX_UNIX", 0, kind="app"),
    _blueprint("windows_server_2022", "Windows Server 2022", "windows_2022", "2022", "WINDOWS", 500),
]
"""Blueprints with their platform and minimum power."""

_USERNAMES: Final = {"ubuntu": "ubuntu", "debian": "admin", "amazon_linux": "ec2-user"}


def bundle(bundle_id: object) -> dict[str, Any] | None:
    """The bundle with this id (LfR bundles included, inactive ones too), or ``None``."""
    return next((b for b in [*BUNDLES, *LFR_BUNDLES] if b["bundleId"] == bundle_id), None)


def blueprint(blueprint_id: object) -> dict[str, Any] | None:
    """The blueprint with this id, or ``None``."""
    return next((b for b in BLUEPRINTS if b["blueprintId"] == blueprint_id), None)


def _windows(blueprint_id: str) -> bool:
    found = blueprint(blueprint_id)
    return found is not None and found["platform"] == "WINDOWS"


def username_of(blueprint_id: str) -> str:
    """The default user of an instance of this blueprint: ``bitnami`` for the app blueprints (E7, E8)."""
    if _windows(blueprint_id):
        return "Administrator"
    found = blueprint(blueprint_id)
    if found is not None and found["type"] == "app":
        return "bitnami"
    return next((user for prefix, user in _USERNAMES.items() if blueprint_id.startswith(prefix)), "ec2-user")


def system_disk_path(blueprint_id: str) -> str:
    """Where the system disk is attached: ``/dev/sda1`` on Windows (E7), ``/dev/xvda`` elsewhere (E7, E8)."""
    return "/dev/sda1" if _windows(blueprint_id) else "/dev/xvda"


def default_ports(blueprint_id: str) -> list[tuple[str, int, int]]:
    """The firewall rules a new instance of this blueprint gets, as ``(protocol, fromPort, toPort)``.

    HTTP and SSH for a base OS; HTTPS too for an app blueprint; RDP too on Windows (developer guide, "Default
    Lightsail firewall rules", E27), in the order real answers list them: 80, 22, then 443 or 3389 (E7, E8).
    """
    rules = [("tcp", 80, 80), ("tcp", 22, 22)]
    found = blueprint(blueprint_id)
    if _windows(blueprint_id):
        rules.append(("tcp", 3389, 3389))
    elif found is not None and found["type"] == "app":
        rules.append(("tcp", 443, 443))
    return rules
