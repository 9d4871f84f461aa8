// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_INSTALLER_H
#define EXPRESSROUTE_FAILURE_INSTALLER_H

// Turns the scenario's "failures" into Failure plug-ins on a built topology: created by TypeId,
// attributes set, bound to their targets, watched by the recorder, scheduled at their scenario
// times.

#include "expressroute-scenario.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <vector>

namespace ns3
{
namespace expressroute
{

class Failure;
class RunRecorder;
class Topology;

/**
 * Creates, binds and schedules every failure of @p scenario; scenario time 0 is @p origin
 * simulation time. Throws ScenarioLoadError naming "/failures/<i>/target" for every target
 * that is not in the built topology.
 */
std::vector<Ptr<Failure>> InstallFailures(const Scenario& scenario,
                                          Ptr<Topology> topology,
                                          RunRecorder& recorder,
                                          Time origin);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_INSTALLER_H
