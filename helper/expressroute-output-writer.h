// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_OUTPUT_WRITER_H
#define EXPRESSROUTE_OUTPUT_WRITER_H

// The files of a run directory (doc/outputs.md): the CSV tables, one row per record, and
// summary.json. Deterministic: the same records give the same bytes (wall time appears in
// run.json only). The table of N records is its header followed by the N rows, so a table
// streamed row by row (RunFiles) is byte for byte the table formatted at once. Where the files
// go and how they are kept safe: RunDirectory.

#include "expressroute-failure-summary.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-directory.h"
#include "expressroute-run-summary.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// probes.csv: one row per probe.
std::string FormatProbesCsv(const std::vector<ProbeRecord>& probes);
std::string FormatProbeRow(const ProbeRecord& probe);
/// flows.csv: one row per flow.
std::string FormatFlowsCsv(const std::vector<FlowRecord>& flows);
std::string FormatFlowRow(const FlowRecord& flow);
/// links.csv: one row per circuit link and interval.
std::string FormatLinksCsv(const std::vector<LinkSample>& samples);
std::string FormatLinkRow(const LinkSample& sample);
/// bgp.csv: one row per control-plane event.
std::string FormatBgpCsv(const std::vector<BgpEventRecord>& events);
std::string FormatBgpRow(const BgpEventRecord& event);
/// gateways.csv: one row per ExpressRoute gateway and interval.
std::string FormatGatewaysCsv(const std::vector<GatewaySample>& samples);
std::string FormatGatewayRow(const GatewaySample& sample);
/// events.csv: time_s,event,kind,target,detail (failures started and cleared).
std::string FormatEventsCsv(const std::vector<FailureEventRecord>& events);
std::string FormatEventRow(const FailureEventRecord& event);
/// routes.csv: one row per best-path change.
std::string FormatRoutesCsv(const std::vector<RouteRecord>& routes);
std::string FormatRouteRow(const RouteRecord& route);
/// summary.json: the headline answers; @p durationS, the simulated time they cover, comes first.
std::string FormatSummaryJson(const std::vector<PairSummary>& pairs,
                              const std::vector<LinkSummary>& links,
                              const std::vector<FlowRecord>& flows,
                              const std::vector<FailureSummary>& failures = {},
                              std::optional<double> durationS = std::nullopt);

/// A number as CSV/JSON text with fixed decimals, never "-0" or exponent notation.
std::string FormatFixed(double value, int decimals);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_OUTPUT_WRITER_H
