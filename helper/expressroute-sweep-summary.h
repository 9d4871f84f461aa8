// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_SUMMARY_H
#define EXPRESSROUTE_SWEEP_SUMMARY_H

// What the sweep's index reads from a run's summary.json (doc/outputs.md, doc/sweeps.md): the
// headline columns (per probe and per circuit link), every number in long form, and the check
// that a summary.json has the shape and types these need, so that a damaged one is named
// instead of being indexed with NULL metrics or stopping the sweep.

#include "expressroute-sweep-spec.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// A metric name and its value (a JSON number or boolean).
using Metric = std::pair<std::string, nlohmann::json>;

/**
 * Why @p summary (a parsed summary.json) lacks what the index reads, as "/pointer: why"; empty
 * when it has it: an object whose pairs, links and flows are arrays of objects named by strings
 * (probe; circuit and link; flow) with each headline metric a number or null (doc/outputs.md).
 */
std::string SummaryProblem(const nlohmann::json& summary);

/// Splits summary.json into the headline columns and the long list of every number. Entries
/// that SummaryProblem() would refuse are skipped.
void FlattenSummary(const nlohmann::json& summary,
                    std::vector<Metric>& headline,
                    std::vector<Metric>& metrics);

/// The headline column names a scenario's runs will have (its probes and circuit links), so
/// that the table has its columns before the first run ends.
std::vector<std::string> ExpectedHeadline(const ScenarioJson& scenario);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_SUMMARY_H
