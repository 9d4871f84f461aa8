// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_PAIRS_H
#define EXPRESSROUTE_FAILURE_PAIRS_H

// The per-pair part of the failure answer (FailurePairAnswer): for each site-VNet pair that lost
// probes to a failure or whose path changed, what it lost, whether it had no path or lost probes
// on a path it kept, and its RTT before, during and after. SummariseFailures
// (expressroute-failure-summary.cc) charges the outages and calls it.

#include "expressroute-failure-summary.h"
#include "expressroute-run-summary.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// Fills @p f's per-pair answers and its recovery from the outages charged to it (@p mine),
/// the pairs' probe records and path kinds; a pair whose path changed without loss counts when
/// @p pathIsMine says so (of failures that started together, those whose reach it crossed).
/// @p settleEnd: when it cleared or the next one started; @p next: the start of the next
/// failure after it cleared (or the end); @p end: the end of the run.
void AnswerPairs(FailureSummary& f,
                 const std::map<std::string, std::vector<ProbeOutage>>& mine,
                 const std::map<std::string, std::vector<const ProbeRecord*>>& byPair,
                 const FailureReach* reach,
                 const std::function<bool(const std::string&)>& pathIsMine,
                 double settleEnd,
                 double next,
                 double end);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_PAIRS_H
