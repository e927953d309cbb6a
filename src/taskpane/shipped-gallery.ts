/**
 * The shipped gallery, loaded on demand: its 26 templates with their notes and sources are a chunk of
 * their own (taskpane-gallery.js), fetched from the add-in's own address after the pane is drawn, so
 * that the pane's first bundle stays light. The same templates as src/templates/gallery, in its order.
 */
import type { BidTemplate } from "../templates/template";

let loading: Promise<readonly BidTemplate[]> | null = null;

/** The shipped templates (one load per page; a failed load is tried again on the next call). */
export function loadShippedGallery(): Promise<readonly BidTemplate[]> {
  if (!loading) {
    loading = import(/* webpackChunkName: "taskpane-gallery" */ "../templates/gallery").then(
      (m) => m.gallery,
      (e: unknown) => {
        loading = null;
        throw e;
      },
    );
  }
  return loading;
}
