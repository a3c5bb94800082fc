namespace CareHub.Data;

/// <summary>
/// One ASP.NET Core data protection key (the XML of the key ring's entry), shared by every app instance. CareHub's
/// migrations create the table; the web app reads and writes it through its own keys context, whose entity has this
/// shape (the data layer does not reference ASP.NET Core). Keys are not patient data: no access filter, no audit.
/// </summary>
public sealed class DataProtectionKeyRow
{
    public const string Table = "DataProtectionKeys";

    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string? Xml { get; set; }
}
