// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_PARSER_H
#define EXPRESSROUTE_SCENARIO_PARSER_H

// First stage of the scenario loader: JSON text -> Scenario structs. It checks what can be
// checked on one element at a time: syntax, keys, types, ranges, units, enum names, known
// places (peering locations, regions), reserved ASNs, the refused AzurePublic peering, peering
// subnet sizes and public addressing on Microsoft peering, one peering per type and distinct
// VLANs per circuit. Rules across elements (references, SKU scope, limits, overlaps) are in
// expressroute-scenario-rules.h.

#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario.h"

#include <optional>
#include <string>

namespace ns3
{
namespace expressroute
{

class Geography;

/**
 * Parses scenario JSON text. Errors go to @p diag, which also learns the document order of
 * every path. Returns nullopt when the text is not JSON or its top level is not an object.
 * Elements that are not JSON objects are left out of the result; fields with errors keep their
 * defaults, so callers must consult @p diag (HasErrorAt) before relying on them.
 */
std::optional<Scenario> ParseScenario(const std::string& text,
                       const Geography& geography,
                       ScenarioDiagnostics& diag);

/// Why @p prefix is not public address space (RFC 1918, RFC 6890 special use), or "".
std::string NonPublicReason(const Ipv4Prefix& prefix);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_PARSER_H
