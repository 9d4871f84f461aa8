// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_AZURE_IMPORT_INTERNAL_H
#define EXPRESSROUTE_AZURE_IMPORT_INTERNAL_H

// Shared by the importer's own files only (the readers, expressroute-azure-import.cc and
// expressroute-azure-import-sites.cc): parsing an input file, the on-premises sites of an
// import and the VPN mapping.

#include "expressroute-azure-import.h"
#include "expressroute-scenario-diagnostics.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace ns3
{
namespace expressroute
{
namespace importer
{

using Json = nlohmann::ordered_json;

/// How deep an input file may nest: an export or a state nests about ten levels.
constexpr int kMaxInputDepth = 64;

/**
 * Parses @p text, the file @p source, as the scenario loader parses its files: syntax errors
 * (a number overflow such as 1e400 included) as "SOURCE:LINE:COLUMN: syntax error: ...",
 * duplicate keys and nesting deeper than kMaxInputDepth with their JSON pointer, in
 * @p messages. False when there is any.
 */
bool ParseInputJson(const std::string& text,
                    const std::string& source,
                    nlohmann::json& out,
                    std::vector<ImportMessage>& messages);

/// Appends the errors of @p diag (the scenario loader's JSON checks) to @p messages as errors
/// of the file @p source: "SOURCE: /json/pointer: message" or "SOURCE:LINE:COLUMN: message".
void ReportJsonErrors(const ScenarioDiagnostics& diag,
                      const std::string& source,
                      std::vector<ImportMessage>& messages);

/// Lower case, runs of other characters as one '-': "Equinix Amsterdam" -> "equinix-amsterdam".
std::string Slug(const std::string& text);

/// One on-premises site of the scenario: from the sites file or inferred.
struct ImportedSite
{
    std::string name;
    std::string location; ///< a peering location; "" with coordinates
    std::optional<std::pair<double, double>> coordinates; ///< latitude, longitude
    std::optional<uint64_t> asn;
    std::vector<std::string> prefixes;
    std::string origin; ///< where it came from, for the description and loader errors
    std::string path;   ///< JSON pointer in the sites file ("" when inferred)
};

/// The --sites file: the sites and which circuits and local network gateways they hold.
struct SitesFile
{
    std::map<std::string, size_t> byCircuit;      ///< circuit name -> site index
    std::map<std::string, size_t> byLocalGateway; ///< local network gateway name -> site index
};

/**
 * Reads the --sites file: {"sites": [{"name", "asn", "prefixes", "circuits"?,
 * "localNetworkGateways"?, "location"?}]} into @p sites.
 */
SitesFile ReadSitesFile(const std::string& text,
                        const std::string& source,
                        std::vector<ImportedSite>& sites,
                        std::vector<ImportMessage>& messages);

/**
 * The peering location of @p c (for ExpressRoute Metro, "Amsterdam Metro": the city's two
 * locations, @p secondary the second), from its port for ExpressRoute Direct, and its bandwidth.
 * False, reported in @p messages, when they cannot be told; assumptions go to @p notes.
 */
bool PlaceCircuit(const AzureEstate& estate,
                  Ptr<Geography> geography,
                  const AzureCircuit& c,
                  std::string& location,
                  std::string& secondary,
                  std::optional<uint64_t>& mbps,
                  std::vector<std::string>& notes,
                  std::vector<ImportMessage>& messages);

/**
 * The scenario's sites: those with a location or coordinates, prefixes from 172.16.0.0/12 (/16s
 * no VNet or other site uses) and ASNs from 65001 where the sources give none, each said in
 * @p notes. Sites-file sites with nothing to place them are warnings.
 */
Json EmitSites(std::vector<ImportedSite>& sites,
               const Json& vnets,
               const std::string& sitesSource,
               const std::string& noun,
               std::map<std::string, std::string>& origins,
               std::vector<std::string>& notes,
               std::vector<ImportMessage>& messages);

/// What the VPN mapping reads and where it reports.
struct VpnContext
{
    const AzureEstate& estate;
    Ptr<Geography> geography;
    const std::set<std::string>& vnets; ///< VNets in the scenario (those with an ER gateway)
    const SitesFile& sitesFile;
    const std::string& sitesSource;
    std::vector<ImportedSite>& sites;
    std::map<std::string, std::string>& origins; ///< JSON path -> resource
    std::vector<std::string>& notes;             ///< assumptions, for the description
    std::vector<ImportMessage>& messages;
};

/// @p armField ("properties.sku.name") as the estate's source names it.
std::string SourceField(const AzureEstate& estate, const std::string& armField);

/**
 * Maps IPsec connections of VPN gateways to local network gateways to `vpnConnections`, adding
 * one site per local network gateway the sites file does not map. Reports VPN gateways with an
 * unmodelled SKU or no ExpressRoute gateway beside them, connections whose gateways are missing,
 * and local network gateways no connection uses.
 */
Json MapVpnConnections(VpnContext& ctx);

/// Resolves the expressions an ARM export writes: [parameters('x')] (the parameter's
/// defaultValue), [variables('x')], [concat(...)], [resourceId('Ns/type', 'name', ...)] (an id in
/// the export's own form), '' quoting, "[[" escaping. An unresolvable one yields nullopt, and so
/// does a value that starts an expression with '[' but does not end it with ']'.
class ArmResolver
{
  public:
    ArmResolver(const nlohmann::json& params, const nlohmann::json& vars);

    /// A string value: a literal, or "[expr]".
    std::optional<std::string> Resolve(const std::string& text) const;

    /// True when @p text starts with '[' (not "[[") and does not end with ']'.
    static bool IsUnclosed(const std::string& text);
    /// Why @p text, which Resolve refused, cannot be resolved: "unclosed expression X: ..." or
    /// "cannot resolve the expression X".
    static std::string CannotResolve(const std::string& text);

  private:
    static void SkipSpace(const std::string& s, size_t& pos);
    std::optional<std::string> Expr(const std::string& s, size_t& pos) const;
    std::optional<std::string> Lookup(const nlohmann::json& table,
                                      const std::string& key,
                                      bool param) const;
    std::optional<std::string> Call(const std::string& fn,
                                    const std::vector<std::string>& args) const;

    static constexpr int kMaxDepth = 16;
    const nlohmann::json& m_params;
    const nlohmann::json& m_vars;
    mutable int m_depth{0}; ///< nesting of parameters()/variables() being resolved
};

/**
 * Reads one resource in the ARM template's shape (type, name, location, sku, properties) whose
 * id is @p id ("Microsoft.Network/type/name"), into @p estate: the walk the ARM reader does for
 * each template resource, shared by the az CLI reader. @p parameters: the template's (or an empty
 * object).
 */
void ReadArmResource(const nlohmann::json& res,
                     const std::string& type,
                     const std::string& id,
                     const nlohmann::json& parameters,
                     AzureEstate& estate,
                     std::vector<ImportMessage>& messages);

} // namespace importer
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_AZURE_IMPORT_INTERNAL_H
