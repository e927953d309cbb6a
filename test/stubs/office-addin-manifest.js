// Test stub for office-addin-manifest. office-addin-mock needs only its OfficeApp enum, and the
// real package pulls in ESM-only dependencies that jest cannot require. jest.config.js maps it here.
const OfficeApp = Object.freeze({
  Excel: "excel",
  OneNote: "onenote",
  Outlook: "outlook",
  PowerPoint: "powerpoint",
  Project: "project",
  Word: "word",
});

module.exports = { OfficeApp };
