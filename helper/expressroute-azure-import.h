// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_AZURE_IMPORT_H
#define EXPRESSROUTE_AZURE_IMPORT_H

// Import of an Azure deployment into a scenario (doc/import.md). Two steps: read, then map.
// - expressroute-azure-arm-reader.cc reads an ARM template export (`az group export`) into an
//   AzureEstate: circuits with their peerings and Global Reach connections, ExpressRoute Direct
//   ports, gateways, connections, local network gateways and virtual networks, in Azure's own
//   terms, each with the resource id it came from. ARM expressions the export writes ([parameters('x')], [resourceId(...)],
//   [concat(...)], [variables('x')]) are resolved; others are reported.
// - expressroute-azure-import.cc maps the estate to scenario JSON (regions by Azure's location
//   id, SKUs, one inferred on-premises site per peering location unless a sites file maps
//   circuits to sites), then runs the loader on it and reports the loader's errors with the
//   resource each offending JSON path came from.
// Nothing is dropped silently: what cannot be mapped is a warning (left out, the rest stands) or
// an error (no scenario), each naming the resource id and the field.
// - expressroute-azure-terraform-reader.cc reads a `terraform show -json` state into the same
//   AzureEstate.
// - expressroute-azure-cli-reader.cc reads the az CLI's list output into the same AzureEstate,
//   by putting each object back into the ARM shape for the ARM reader's walk
//   (expressroute-azure-arm-expressions.cc resolves the ARM expressions).
// - expressroute-azure-import-sites.cc (for the mapping) reads the --sites file, lists the sites,
//   places circuits (an ExpressRoute Direct port's location, a Metro's two) and maps VPN
//   gateways, IPsec connections and local network gateways to the scenario's vpnConnections.

#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Geography;

/// One finding of the importer.
struct ImportMessage
{
    enum class Severity
    {
        Warning, ///< something left out or assumed; the scenario stands
        Error    ///< no scenario is written
    };
    Severity severity;
    std::string resource; ///< Azure resource id ("Microsoft.Network/expressRouteCircuits/x")
    std::string field;    ///< the field of that resource ("sku.tier"), or "" for the whole
    std::string message;  ///< what is wrong and what was done

    /// "warning: RESOURCE: FIELD: MESSAGE" (or "error: ...").
    std::string ToString() const;
};

/// An ExpressRoute circuit peering, in Azure's terms.
struct AzurePeering
{
    std::string resource;
    std::string peeringType; ///< AzurePrivatePeering, MicrosoftPeering, AzurePublicPeering
    std::optional<uint64_t> vlanId;
    std::optional<uint64_t> peerAsn;
    std::string primaryPeerAddressPrefix;
    std::string secondaryPeerAddressPrefix;
    std::vector<std::string> advertisedPublicPrefixes; ///< MicrosoftPeering only
    bool hasRouteFilter{false};
};

/// A Global Reach connection (expressRouteCircuits/peerings/connections).
struct AzureGlobalReach
{
    std::string resource;
    std::string name;
    std::string circuit;     ///< name of the circuit the connection belongs to
    std::string peerCircuit; ///< name of the other circuit ("" when the id names none)
    std::string peerResource; ///< the other circuit's peering id as written
    /// Terraform: peering_id as written (the circuit is not in the resource's address);
    /// "" where the resource id names the circuit (ARM, az CLI).
    std::string circuitResource;
    std::string addressPrefix;
};

/// An ExpressRoute circuit.
struct AzureCircuit
{
    std::string resource;
    std::string name;
    std::string tier; ///< sku.tier
    std::string serviceProviderName;
    std::string peeringLocation;
    std::optional<uint64_t> bandwidthMbps;
    bool onPort{false};      ///< ExpressRoute Direct (properties.expressRoutePort)
    std::string port;        ///< name of that port ("" when not on a port)
    std::string portResource; ///< the port's id as written
    std::vector<AzurePeering> peerings;
};

/// An ExpressRoute Direct port (expressRoutePorts).
struct AzurePort
{
    std::string resource;
    std::string name;
    std::string peeringLocation;
    std::optional<uint64_t> bandwidthGbps;
};

/// A local network gateway: the on-premises end of a site-to-site VPN.
struct AzureLocalGateway
{
    std::string resource;
    std::string name;
    std::string location; ///< the Azure region the resource lives in ("westeurope")
    std::vector<std::string> addressPrefixes; ///< localNetworkAddressSpace.addressPrefixes
    std::optional<uint64_t> bgpAsn;           ///< bgpSettings.asn
};

/// A virtual network.
struct AzureVnet
{
    std::string resource;
    std::string name;
    std::string location; ///< as Azure writes it ("westeurope")
    std::vector<std::string> addressPrefixes;
};

/// A virtual network gateway.
struct AzureGateway
{
    std::string resource;
    std::string name;
    std::string gatewayType;            ///< ExpressRoute or Vpn
    std::string sku;                    ///< sku.name
    std::string vnet;                   ///< the VNet of its GatewaySubnet ("" when unknown)
    std::optional<uint64_t> scaleUnits; ///< ErGwScale: autoScaleConfiguration.bounds.min
};

/// A virtual network gateway connection.
struct AzureConnection
{
    std::string resource;
    std::string name;
    std::string connectionType;  ///< ExpressRoute, IPsec, Vnet2Vnet
    std::string gateway;         ///< name of virtualNetworkGateway1
    std::string circuit;         ///< name of the peer circuit ("" when not a circuit)
    std::string circuitResource; ///< the peer's id as written
    std::string localGateway;    ///< IPsec: name of localNetworkGateway2
    std::string localGatewayResource; ///< IPsec: its id as written
    std::optional<uint64_t> routingWeight;
    bool gatewayBypass{false}; ///< expressRouteGatewayBypass (FastPath)
};

/// What an export holds, in Azure's terms.
struct AzureEstate
{
    std::string source;         ///< where it came from ("ARM template export FILE")
    std::string noun{"export"}; ///< what the source is called in messages ("export", "state")
    /// ARM field name -> the source's own name for it, where they differ (Terraform's
    /// attributes); messages name the field as the source writes it.
    std::map<std::string, std::string> fieldNames;
    /// The source writes a resource's properties at its top level (the az CLI): messages name
    /// "sku.name" for ARM's "properties.sku.name".
    bool flatProperties{false};
    std::vector<AzureCircuit> circuits;
    std::vector<AzureGlobalReach> globalReach;
    std::vector<AzureVnet> vnets;
    std::vector<AzureGateway> gateways;
    std::vector<AzureConnection> connections;
    std::vector<AzurePort> ports;
    std::vector<AzureLocalGateway> localGateways;
};

/**
 * Reads an ARM template export. Malformed JSON, a template without "resources" and fields that
 * cannot be read are errors in @p messages; resource types the simulator does not model are
 * warnings.
 */
AzureEstate ReadArmTemplate(const std::string& text,
                            const std::string& sourceName,
                            std::vector<ImportMessage>& messages);

/**
 * Reads a `terraform show -json` state (values.root_module and its child_modules):
 * azurerm_express_route_circuit, _circuit_peering, _circuit_connection (Global Reach),
 * azurerm_virtual_network_gateway, _gateway_connection and azurerm_virtual_network. Resources
 * are named by their Terraform address, fields by their attribute names.
 */
AzureEstate ReadTerraformState(const std::string& text,
                               const std::string& sourceName,
                               std::vector<ImportMessage>& messages);

/**
 * Reads the JSON arrays the az CLI prints (`az network express-route list`, `... express-route
 * peering list`, `vnet-gateway list`, `vpn-connection list`, `local-gateway list`, `vnet list`,
 * `express-route port list`): each object's `type` tells what it is, its properties are flat at
 * the top level. @p files: (name, text) pairs, in any order; fields in messages are named as az
 * writes them.
 */
AzureEstate ReadAzCliOutput(const std::vector<std::pair<std::string, std::string>>& files,
                            std::vector<ImportMessage>& messages);

/// The result of an import.
struct ImportResult
{
    std::string scenarioJson; ///< empty when there are errors
    std::vector<ImportMessage> messages;
    bool HasErrors() const;
};

/**
 * Maps @p estate to a scenario named @p scenarioName and checks it with the loader.
 * @p sitesText: the --sites file's text ("" for none), named @p sitesSource in messages.
 * Messages already in @p messages (from the reader) are kept at the front of the result.
 */
ImportResult BuildScenarioFromEstate(const AzureEstate& estate,
                                     const std::string& scenarioName,
                                     const std::string& sitesText,
                                     const std::string& sitesSource,
                                     Ptr<Geography> geography,
                                     std::vector<ImportMessage> messages);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_AZURE_IMPORT_H
