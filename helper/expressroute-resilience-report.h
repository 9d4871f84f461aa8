// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_REPORT_H
#define EXPRESSROUTE_RESILIENCE_REPORT_H

// The outputs of expressroute-resilience (doc/resilience.md): the CSV tables, summary.json and
// the printed digest, from an analysis result and its findings
// (expressroute-resilience-findings.h). Deterministic: the same scenario and depth give the
// same bytes; only summary.json's wall-time fields differ between runs.

#include "expressroute-resilience-analysis.h"
#include "expressroute-resilience-findings.h"
#include "expressroute-resiliency-score.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// failure-sets.csv: one row per single failure and per double failure with a joint effect.
std::string FormatFailureSetsCsv(const ResilienceGraph& graph, const ResilienceResult& result);
/// effects.csv: one row per failure set and pair it changes (doubles: the joint effects only).
std::string FormatFailureEffectsCsv(const ResilienceGraph& graph,
                                    const ResilienceAnalysis& analysis,
                                    const ResilienceResult& result);
/// pairs.csv: one row per site-VNet pair, nothing failed.
std::string FormatPairsCsv(const ResilienceGraph& graph,
                           const ResilienceAnalysis& analysis,
                           const ResilienceResult& result,
                           const ResilienceFindings& findings);
/// scores.csv: one row per gateway.
std::string FormatScoresCsv(const std::vector<ResiliencyScore>& scores);
/// summary.json: counts, findings, scores, assumptions; the wall time and the failure sets per
/// second when @p wallSeconds is given.
std::string FormatResilienceSummaryJson(const ResilienceGraph& graph,
                                        const ResilienceAnalysis& analysis,
                                        const ResilienceResult& result,
                                        const ResilienceFindings& findings,
                                        const std::vector<ResiliencyScore>& scores,
                                        std::optional<double> wallSeconds);
/// The printed digest (also digest.txt).
std::string FormatResilienceDigest(const ResilienceGraph& graph,
                                   const ResilienceResult& result,
                                   const ResilienceFindings& findings,
                                   const std::vector<ResiliencyScore>& scores);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_REPORT_H
