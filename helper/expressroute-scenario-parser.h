// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_PARSER_H
#define EXPRESSROUTE_SCENARIO_PARSER_H

// First stage of the scenario loader: JSON text -> Scenario structs. It checks what can be
// checked on one element at a time: syntax, keys, types, ranges, units, enum names, known
// places (peering locations, regions), reserved ASNs, the refused AzurePublic peering, peering
// subnet sizes and public addressing on Microsoft peering, one peering per type and distinct
// VLANs per circuit. Rules across elements (references, SKU scope, limits, overlaps) are in
// expressroute-scenario-rules.h. The parser is split in two files: expressroute-scenario-parser.cc
// (the document, sites, providers, VNets and the other lists) and
// expressroute-scenario-circuit-parser.cc (circuits, peerings, VNet links).

#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario-json-reader.h"
#include "expressroute-scenario.h"

#include "ns3/ptr.h"

#include <optional>
#include <string>

namespace ns3
{
namespace expressroute
{

class Geography;
class PeeringLocation;

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

/// State shared by the element parsers of the two parser files.
struct ScenarioParseContext
{
    const Geography& geo;
    ScenarioDiagnostics& diag;
};

/**
 * Reads a peering-location name into @p name and resolves it; reports an unknown one with
 * "did you mean". nullptr when absent or unknown.
 */
Ptr<PeeringLocation> ReadPeeringLocation(const JsonObjectReader& r,
                                         const std::string& key,
                                         Need need,
                                         ScenarioParseContext& ctx,
                                         std::string& name);

/// Reads an ASN (1..4294967295), refusing Microsoft's reserved ones (references.md §3, RT).
std::optional<uint32_t> ReadAsn(const JsonObjectReader& r,
                                const std::string& key,
                                Need need,
                                ScenarioParseContext& ctx);

/// Parses one circuit with its peerings and VNet links; nullopt when @p at is not an object.
std::optional<CircuitSpec> ParseCircuit(const JsonAt& at, ScenarioParseContext& ctx);
/// Parses one scheduled failure (expressroute-scenario-failure-parser.cc): the kind must be a
/// Failure TypeId, every other key one of its attributes with a valid value.
std::optional<FailureSpec> ParseFailure(const JsonAt& at, ScenarioParseContext& ctx);
/// Parses one site link (expressroute-scenario-site-links.cc): two different sites, a bandwidth,
/// an optional delay, name and BFD; the name defaults to "<siteA>--<siteB>".
std::optional<SiteLinkSpec> ParseSiteLink(const JsonAt& at, ScenarioParseContext& ctx);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_PARSER_H
