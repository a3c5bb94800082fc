using MudBlazor;

namespace CareHub.Web.Components.Layout;

/// <summary>Calm colours with WCAG AA contrast for text on the app bar and buttons.</summary>
public static class CareHubTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b5c8c",
            Secondary = "#6a3d9a",
            AppbarBackground = "#0b4f78",
            AppbarText = "#ffffff",
            Success = "#1b6e3a",
            Warning = "#8a5a00",
            Error = "#b3261e",
            Info = "#1f5f99",
            TextSecondary = "rgba(0,0,0,0.68)",
        },
    };
}
