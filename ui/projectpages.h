// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class MainWindow;
class ProjectDocument;

// Creates the shared ProjectDocument (owned by the window) and the finished project pages,
// adds them to the window and loads the document whenever the window opens a project.
ProjectDocument *addProjectPages(MainWindow &window);
