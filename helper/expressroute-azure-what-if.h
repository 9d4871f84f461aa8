// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_AZURE_WHAT_IF_H
#define EXPRESSROUTE_AZURE_WHAT_IF_H

// expressroute-import --what-if: a standard failure timeline added to an imported estate, so
// that import then expressroute-sim answers "what happens to my estate if X fails" (doc/import.md).

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// The --what-if values: "location-outage" (each peering location the circuits use fails in
/// turn, 20 s each, 40 s apart from 10 s) and "circuit-failure" (both links of the busiest
/// circuit, the one linking the most VNets, then the widest, fail at 10 s for 20 s).
const std::vector<std::string>& WhatIfKinds();

/// @p scenarioJson with the timeline of @p kind added: its failures, a simulation duration that
/// covers them and a sentence in its description. Throws std::invalid_argument for an unknown
/// kind (naming the valid ones) or a scenario with no circuit to fail.
std::string AddWhatIfTimeline(const std::string& scenarioJson, const std::string& kind);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_AZURE_WHAT_IF_H
