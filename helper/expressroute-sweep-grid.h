// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_GRID_H
#define EXPRESSROUTE_SWEEP_GRID_H

// Expansion of a sweep spec into points (one value per parameter) and runs (a point and a run
// number), and their stable keys. Parameters of one zip group vary together; groups (and
// parameters without a group, each its own) form the axes of a full grid, the last axis varying
// fastest. A key is the FNV-1a 64-bit hash (with MurmurHash3's finaliser), in hex, of
// canonical JSON (sorted keys, no spaces) of the swept values by pointer, plus the run number
// for a run key: it depends on neither the order of the parameters nor their column names, so
// a run keeps its key when the lists grow.

#include "expressroute-sweep-spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// One point of the grid.
struct SweepPoint
{
    uint32_t index{0};                ///< 0-based, in grid order
    std::vector<ScenarioJson> values; ///< one per spec parameter, in spec order
    std::vector<uint32_t> choice;     ///< for each parameter, the index of its value in its list
    std::string key;                  ///< PointKey(): names the point's scenario file
};

/// One run: a point and a run number.
struct SweepRun
{
    uint32_t point{0}; ///< index of the point
    uint32_t run{1};   ///< ns-3 run number, 1..spec.runs
    std::string key;   ///< RunKey(): names the run's directory
};

/// The points of the grid, in order. Assumes a validated spec (zip groups of equal length).
std::vector<SweepPoint> ExpandPoints(const SweepSpec& spec);

/// The runs of @p points: point-major, run numbers 1..spec.runs.
std::vector<SweepRun> ExpandRuns(const SweepSpec& spec, const std::vector<SweepPoint>& points);

/// The number of points without expanding them (product of the axis lengths).
uint64_t CountPoints(const SweepSpec& spec);

/// The scenario of a point: the base, then the fixed overrides, then the point's values.
ScenarioJson PointScenario(const SweepSpec& spec, const SweepPoint& point);

/// FNV-1a 64-bit of @p text, finalised with MurmurHash3's fmix64, as 16 lowercase hex digits.
std::string StableHash(const std::string& text);

/// The canonical JSON the keys hash: {"parameters":{"/path":value,...}} (+ "run").
std::string CanonicalPoint(const SweepSpec& spec, const std::vector<ScenarioJson>& values);

/// Key of a point: StableHash of CanonicalPoint.
std::string PointKey(const SweepSpec& spec, const std::vector<ScenarioJson>& values);

/// Key of a run: StableHash of the canonical point with "run" added.
std::string RunKey(const SweepSpec& spec, const std::vector<ScenarioJson>& values, uint32_t run);

/// "circuits_1_bandwidth=500Mbps traffic_0_rate=10Mbps": a point for messages.
std::string DescribePoint(const SweepSpec& spec, const std::vector<ScenarioJson>& values);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_GRID_H
