"""A region's reports by the place below it (a province's by city), in official order, and their sort orders.

A province's reports are grouped by city (a municipality's by district, a
county the province administers directly by itself); a city's by county;
the round-ups of several places by province. Reports placed at the region's
own level (a province-wide report) form a group of their own, ``place``
None, first, as the region's own code comes before its parts'. Groups come
in the gazetteer's code order, the order of official lists; a place the
gazetteer cannot find goes after those it knows, by name.

Within a group the reports keep the order asked for (``sort_reports``):
sorting never mixes the groups.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from dj_tui.analysis.collection.build import place_below
from dj_tui.analysis.collection.dates import newest_first_key
from dj_tui.analysis.models import Region, RegionGroup, ReportResult
from dj_tui.analysis.stages import gazetteer

# The orders a region's reports can be listed in; "file" is the collection's (by path).
SORT_ORDERS = ("file", "date", "title", "place", "figures")


@dataclass(frozen=True)
class PlaceGroup:
    place: str | None  # None: the region's own level (省级 in a province, 市级 in a city)
    reports: tuple[str, ...]  # paths, in the order asked for
    # A province's city whose reports come from several of its counties: them,
    # in official order, the city's own reports (place None) first.
    parts: tuple[PlaceGroup, ...] = ()


@lru_cache(maxsize=4096)
def place_code(place: str, province: str | None) -> str:
    """The official code of ``place`` (within ``province`` when the name is ambiguous); "~" + name when unknown."""
    divisions = gazetteer.load().by_name(place)
    table = gazetteer.load()
    inside = [d for d in divisions if province is None or table.province_of(d).name == province]
    chosen = inside or list(divisions)
    if not chosen:
        return "~" + place  # after every code (digits)
    return min(d.code for d in chosen)


def report_place(report: ReportResult, group: RegionGroup) -> str | None:
    """The report's place below the region (its city in a province), None at the region's own level."""
    return place_below(report.analysis.region, group.level)


def _place_order(report: ReportResult, group: RegionGroup) -> tuple[int, str]:
    place = report_place(report, group)
    region: Region = report.analysis.region
    return (0, "") if place is None else (1, place_code(place, region.province))


def _county_order(report: ReportResult) -> tuple[int, str]:
    region = report.analysis.region
    return (0, "") if region.county is None else (1, place_code(region.county, region.province))


def _by_key(
    paths: Sequence[str], key: Callable[[str], tuple[int, str]], name: Callable[[str], str | None]
) -> list[tuple[str | None, list[str]]]:
    """``paths`` bunched by ``name``, bunches in ``key`` order, each keeping the order of ``paths``."""
    members: dict[str | None, list[str]] = {}
    order: dict[str | None, tuple[int, str]] = {}
    for path in paths:
        place = name(path)
        if place not in members:
            members[place] = []
            order[place] = key(path)
        members[place].append(path)
    return [(place, members[place]) for place in sorted(members, key=order.__getitem__)]


def _title_words(report: ReportResult) -> str:
    metadata = report.analysis.metadata
    return metadata.title or metadata.subtitle or PurePath(report.path).name


def _sort_key(order: str, group: RegionGroup) -> Callable[[ReportResult], Any]:
    if order == "date":
        return lambda report: newest_first_key(report.analysis.metadata.date)
    if order == "title":
        # By the words of the title (a ——subtitle by its own words), else by file name.
        return lambda report: _title_words(report)
    if order == "place":
        return lambda report: (_place_order(report, group), report.analysis.region.label)
    if order == "figures":
        return lambda report: -len(report.analysis.figures)
    if order == "file":
        return lambda report: 0  # a stable sort keeps the collection's order
    raise ValueError(f"unknown sort order {order!r} (known: {', '.join(SORT_ORDERS)})")


def sort_reports(
    paths: Sequence[str], reports: Mapping[str, ReportResult], group: RegionGroup, order: str
) -> list[str]:
    """``paths`` in ``order`` (one of ``SORT_ORDERS``): newest first, by title, by place, most figures first.

    Ties keep the collection's order, so every order is stable.
    """
    key = _sort_key(order, group)
    return sorted(paths, key=lambda path: key(reports[path]))


def place_groups(
    paths: Sequence[str], reports: Mapping[str, ReportResult], group: RegionGroup
) -> tuple[PlaceGroup, ...]:
    """``paths`` (already in the order wanted) by their place below ``group``, groups in official order.

    The unknown region is not one place: its reports form no groups (an empty tuple).
    """
    if group.level not in ("province", "city", Region.NATIONAL):
        return ()
    places = _by_key(
        paths, lambda path: _place_order(reports[path], group), lambda path: report_place(reports[path], group)
    )
    groups = []
    for place, members in places:
        parts: tuple[PlaceGroup, ...] = ()
        # Only a city of a province has counties below it (a municipality's place is already its district).
        if group.level == "province" and place is not None and reports[members[0]].analysis.region.city == place:
            counties = _by_key(
                members, lambda path: _county_order(reports[path]), lambda path: reports[path].analysis.region.county
            )
            if len(counties) > 1:
                parts = tuple(PlaceGroup(county, tuple(paths_in)) for county, paths_in in counties)
                members = [path for part in parts for path in part.reports]
        groups.append(PlaceGroup(place, tuple(members), parts))
    return tuple(groups)
