package org.scanstream.core.data;

import java.util.List;

/**
 * Images read from a folder, with the class names by label when the folder had one subfolder per
 * class (empty for a flat folder, whose images have no labels).
 */
public record ImageFolder(ImageDataset images, List<String> classNames) {
    public ImageFolder {
        classNames = List.copyOf(classNames);
    }

    /** Whether the images are labelled by class folder. */
    public boolean labelled() {
        return !classNames.isEmpty();
    }
}
