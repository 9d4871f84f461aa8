// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FLOW_LIST_H
#define EXPRESSROUTE_FLOW_LIST_H

// Replay of a flow list (traffic of kind FlowList): a CSV file with the columns
//   start,source,destination,bytes,protocol[,rate]
// start a duration ("12.5s") or seconds, source and destination site or VNet names, bytes > 0,
// protocol tcp (a Bulk transfer of that many bytes) or udp (ConstantRate at rate, default
// 1Mbps, until the bytes are sent). Each row becomes traffic "<name>-<row>" (row from 1).

#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario.h"

#include <string>

namespace ns3
{
namespace expressroute
{

/**
 * Reads every flow list of @p scenario (file names relative to @p baseDir) and appends its rows
 * to scenario.traffic. Errors go to @p diag at "<path>/file", naming the file and line.
 */
void ExpandFlowLists(Scenario& scenario, const std::string& baseDir, ScenarioDiagnostics& diag);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FLOW_LIST_H
