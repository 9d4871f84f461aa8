// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_REACH_H
#define EXPRESSROUTE_FAILURE_REACH_H

// Which probes a failure can explain: just before each failure starts, every probe's paths
// there and back are traced through the FIBs and checked against the links and nodes the
// failure acts on (Failure::GetReach). The failure summary charges a lost probe to the failures
// on its path (doc/outputs.md).

#include "expressroute-failure-summary.h"
#include "expressroute-scenario.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <functional>
#include <memory>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Failure;
class Topology;

/// Schedules the look-ups for @p failures (InstallFailures' order, scenario time 0 at
/// @p origin, the run ending at scenario time @p runEnd); the returned list fills in as they
/// start, and their moved links just before they clear. @p stoppedNow, when given, is set to
/// what a run stopped early (interrupted) calls: every failure under way whose paths "during"
/// were not looked at yet gets them as they are at the stop.
std::shared_ptr<std::vector<FailureReach>> WatchFailureReach(
    const Scenario& scenario,
    Ptr<Topology> topology,
    const std::vector<Ptr<Failure>>& failures,
    Time origin,
    Time runEnd,
    std::function<void()>* stoppedNow = nullptr);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_REACH_H
