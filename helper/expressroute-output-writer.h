// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_OUTPUT_WRITER_H
#define EXPRESSROUTE_OUTPUT_WRITER_H

// The run directory's files (doc/outputs.md): probes.csv, flows.csv, links.csv, summary.json...
// Deterministic: the same records give the same bytes (wall time appears in run.json only).
// Where they go: expressroute-run-directory.h.

#include "expressroute-failure-summary.h"
#include "expressroute-run-directory.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// The tables below: rows from index @p first on, with the header line only when @p first is 0,
/// so that a table streamed in pieces is byte-identical to the table formatted at once.
/// probes.csv: one row per probe.
std::string FormatProbesCsv(const std::vector<ProbeRecord>& probes, std::size_t first = 0);
/// flows.csv: one row per flow.
std::string FormatFlowsCsv(const std::vector<FlowRecord>& flows, std::size_t first = 0);
/// links.csv: one row per circuit link and interval.
std::string FormatLinksCsv(const std::vector<LinkSample>& samples, std::size_t first = 0);
/// bgp.csv: one row per control-plane event.
std::string FormatBgpCsv(const std::vector<BgpEventRecord>& events, std::size_t first = 0);
/// gateways.csv: one row per ExpressRoute gateway and interval.
std::string FormatGatewaysCsv(const std::vector<GatewaySample>& samples, std::size_t first = 0);
/// events.csv: time_s,event,kind,target,detail (failures started and cleared).
std::string FormatEventsCsv(const std::vector<FailureEventRecord>& events, std::size_t first = 0);
/// routes.csv: one row per best-path change.
std::string FormatRoutesCsv(const std::vector<RouteRecord>& routes, std::size_t first = 0);
/// summary.json: the headline answers.
std::string FormatSummaryJson(const std::vector<PairSummary>& pairs,
                              const std::vector<LinkSummary>& links,
                              const std::vector<FlowRecord>& flows,
                              const std::vector<FailureSummary>& failures = {},
                              const std::vector<GatewaySummary>& gateways = {});

/// A number as CSV/JSON text with fixed decimals, never "-0" or exponent notation.
std::string FormatFixed(double value, int decimals);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_OUTPUT_WRITER_H
